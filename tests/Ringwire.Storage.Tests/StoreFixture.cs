namespace Ringwire.Storage.Tests;

/// <summary>
/// The stores under test, made by one implementation. The abstract test classes run against any subclass, so a
/// PostgreSQL implementation reuses every test by adding a fixture and three one-line test classes.
/// </summary>
public abstract class StoreFixture
{
    public abstract ICallStore Calls { get; }

    public abstract IDeviceStore Devices { get; }

    public abstract IUserStore Users { get; }
}
