using System.Net;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>The shape of answers (A2): headers, content type and body.</summary>
public sealed class AnswerTests
{
    [Fact]
    public async Task Accepted_Is200OverHttp2_WithEchoedApnsIdAndUniqueIdAndNoBody()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        var apnsId = Guid.NewGuid().ToString("D");

        var reply = await bed.SendAsync(new TestPush(device.Token) { ApnsId = apnsId });

        Assert.Equal(200, reply.Status);
        Assert.Equal(HttpVersion.Version20, reply.Version);
        Assert.Equal(apnsId, reply.ApnsId);
        Assert.True(Guid.TryParseExact(reply.UniqueId, "D", out _));
        Assert.Equal("", reply.Body);
        Assert.Null(reply.ContentType);
    }

    [Fact]
    public async Task Accepted_WithoutApnsId_GetsANewLowerCaseOne()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token));

        Assert.True(Guid.TryParseExact(reply.ApnsId, "D", out var id));
        Assert.Equal(id.ToString("D"), reply.ApnsId);
        Assert.True(device.Inbox.TryRead(out var notification));
        Assert.Equal(id, notification.ApnsId);
    }

    [Fact]
    public async Task Refused_IsJsonWithReasonOnly_AndApnsId()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var apnsId = Guid.NewGuid().ToString("D");

        var reply = await bed.SendAsync(new TestPush(ApnsTestBed.NewToken()) { ApnsId = apnsId });

        Assert.Equal(400, reply.Status);
        Assert.Equal("application/json", reply.ContentType);
        Assert.Equal("""{"reason":"BadDeviceToken"}""", reply.Body);
        Assert.Equal(apnsId, reply.ApnsId);
        Assert.Null(reply.UniqueId);
    }
}
