namespace Ringwire.Dashboard.Tests;

/// <summary>The browser tests share one chromium and run one after another (two cores are plenty busy with one).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>
{
    public const string Name = "browser";
}
