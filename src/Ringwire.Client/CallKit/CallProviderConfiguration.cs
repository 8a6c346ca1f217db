namespace Ringwire.Client.CallKit;

/// <summary>A provider's settings (<c>CXProviderConfiguration</c>), with CallKit's defaults.</summary>
public sealed record CallProviderConfiguration
{
    /// <summary>At most this many call groups at once (CXProviderConfiguration.h: default 2).</summary>
    public int MaximumCallGroups { get; init; } = 2;

    /// <summary>At most this many calls per group (default 5).</summary>
    public int MaximumCallsPerCallGroup { get; init; } = 5;

    /// <summary>Whether calls may have video (default no).</summary>
    public bool SupportsVideo { get; init; }

    /// <summary>Whether ended calls appear in the system's Recents (default yes).</summary>
    public bool IncludesCallsInRecents { get; init; } = true;
}
