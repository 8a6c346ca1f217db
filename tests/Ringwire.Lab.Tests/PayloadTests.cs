using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>The body (A1, A4): present, and within 5120 bytes for VoIP or 4096 for the rest; its JSON is not judged.</summary>
public sealed class PayloadTests
{
    [Fact]
    public async Task Send_WithEmptyBody_Is400PayloadEmpty()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token) { Body = [] });

        Assert.Equal((400, ApnsReasons.PayloadEmpty), (reply.Status, reply.Reason));
    }

    [Theory]
    [InlineData("voip", ApnsTestBed.VoipTopic, 5120, 200)]
    [InlineData("voip", ApnsTestBed.VoipTopic, 5121, 413)]
    [InlineData("alert", ApnsTestBed.BundleId, 4096, 200)]
    [InlineData("alert", ApnsTestBed.BundleId, 4097, 413)]
    [InlineData("background", ApnsTestBed.BundleId, 4097, 413)]
    public async Task Send_OverTheSizeOfItsType_Is413PayloadTooLarge(string pushType, string topic, int size, int status)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice(topic);

        var reply = await bed.SendAsync(new TestPush(device.Token) { PushType = pushType, Topic = topic, Body = Json(size) });

        Assert.Equal(status, reply.Status);
        Assert.Equal(status == 413 ? ApnsReasons.PayloadTooLarge : null, reply.Reason);
    }

    [Fact]
    public async Task Send_WithBodyThatIsNotJson_IsAccepted()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token) { Body = "not json"u8.ToArray() });

        Assert.Equal(200, reply.Status);
        Assert.True(device.Inbox.TryRead(out var notification));
        Assert.Equal("not json"u8.ToArray(), notification.Payload.ToArray());
    }

    /// <summary>A JSON object of exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Json(int size)
    {
        const string prefix = """{"pad":""";
        const string suffix = "\"}";
        return System.Text.Encoding.ASCII.GetBytes(prefix + "\"" + new string('x', size - prefix.Length - suffix.Length - 1) + suffix);
    }
}
