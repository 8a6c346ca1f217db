using System.Net;
using System.Net.Sockets;
using Ringwire.Push.Apns;

namespace Ringwire.Push.Tests.Apns;

/// <summary><see cref="ApnsSender.SendForReplyAsync"/>: Apple's whole answer, as a person needs to read it.</summary>
public sealed class ApnsReplyTests : IAsyncLifetime
{
    private ApnsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ApnsWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Accepted_CarriesTheEchoedApnsId_AndTheUrl()
    {
        var phone = _world.Phone();

        var reply = await _world.Sender.SendForReplyAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout();

        var exchange = Assert.Single(_world.Simulator.Exchanges);
        Assert.Equal(PushResult.Delivered, reply.Outcome.Result);
        Assert.Equal(exchange.Headers["apns-id"], reply.ApnsId);
        Assert.Equal($"{_world.Simulator.Endpoint.GetLeftPart(UriPartial.Authority)}/3/device/{phone.Token}", reply.Url.AbsoluteUri);
        Assert.Null(reply.Body);
        Assert.Null(reply.Failure);
    }

    [Fact]
    public async Task Refused_CarriesTheBodyAsSent_AndTheReason()
    {
        var reply = await _world.Sender.SendForReplyAsync(ApnsWorld.Voip(ApnsWorld.Token()), default).AsTask().DefaultTimeout();

        Assert.Equal((400, "BadDeviceToken"), (reply.Outcome.Status, reply.Outcome.Reason));
        Assert.Equal("""{"reason":"BadDeviceToken"}""", reply.Body);
        Assert.NotNull(reply.ApnsId);
    }

    [Fact]
    public async Task NothingListening_SaysWhyNoAnswerCame()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var sender = _world.NewSender(s => s with { Endpoint = new Uri($"https://127.0.0.1:{port}") });

        var reply = await sender.SendForReplyAsync(ApnsWorld.Voip(ApnsWorld.Token()), default).AsTask().DefaultTimeout();

        Assert.Null(reply.Outcome.Status);
        Assert.Contains("refused", reply.Failure, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ApnsSuspect.Network, ApnsDiagnoses.For(reply.Outcome).Suspect);
    }
}
