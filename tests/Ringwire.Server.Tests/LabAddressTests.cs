using Ringwire.Lab.Network;
using Ringwire.Server.VirtualPhones;

namespace Ringwire.Server.Tests;

/// <summary>Where a virtual iPhone inside the server reaches it: one of Kestrel's own addresses, made reachable.</summary>
public sealed class LabAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://[::]:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://*:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://+:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://ring.example.com:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://[::1]:5000", "http://[::1]:5000/")]
    [InlineData("http://10.1.2.3:80", "http://10.1.2.3/")]
    public void Pick_MakesWildcardsAndNamesLoopback_AndKeepsIpAddresses(string listening, string expected)
    {
        Assert.Equal(new Uri(expected), ServerListenAddress.Pick([listening]));
    }

    [Fact]
    public void Pick_SkipsHttpsAndPipes_ForThePlainHttpAddress()
    {
        Assert.Equal(new Uri("http://127.0.0.1:8080"),
            ServerListenAddress.Pick(["https://127.0.0.1:8443", "http://unix:/tmp/ringwire.sock", "http://[::]:8080"]));
        Assert.Null(ServerListenAddress.Pick(["https://0.0.0.0:443"]));
        Assert.Null(ServerListenAddress.Pick([]));
    }

    [Fact]
    public async Task Pick_IPv6Loopback_IsAnAddressAPhonesNetworkPathCanRelayTo()
    {
        await using var path = NetworkPath.To(ServerListenAddress.Pick(["http://[::1]:5000"])!);

        Assert.Equal("127.0.0.1", path.Address.Host);
    }
}
