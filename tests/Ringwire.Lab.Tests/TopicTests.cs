using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>The topic against the team's apps and the push type (A1, A3).</summary>
public sealed class TopicTests
{
    [Theory]
    [InlineData("com.other.app.voip")]
    [InlineData("com.other.app")]
    [InlineData("com.example.app.complication")]
    public async Task Send_ToATopicOutsideTheTeam_Is400TopicDisallowed(string topic)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice(topic);

        var reply = await bed.SendAsync(new TestPush(device.Token) { Topic = topic, PushType = topic.EndsWith(".voip", StringComparison.Ordinal) ? "voip" : "alert" });

        Assert.Equal((400, ApnsReasons.TopicDisallowed), (reply.Status, reply.Reason));
    }

    [Theory]
    [InlineData("voip", ApnsTestBed.BundleId)]
    [InlineData("alert", ApnsTestBed.VoipTopic)]
    [InlineData("background", ApnsTestBed.VoipTopic)]
    public async Task Send_PushTypeAndTopicSuffixDisagree_Is400BadTopic(string pushType, string topic)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice(topic);

        var reply = await bed.SendAsync(new TestPush(device.Token) { Topic = topic, PushType = pushType });

        Assert.Equal((400, ApnsReasons.BadTopic), (reply.Status, reply.Reason));
    }

    [Fact]
    public async Task Send_VoipTopicWithoutPushType_IsHandledAsVoip()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token) { PushType = null, Body = new byte[5000] });

        Assert.Equal(200, reply.Status);
        Assert.True(device.Inbox.TryRead(out var notification));
        Assert.Equal("voip", notification.PushType);
    }

    [Fact]
    public async Task Send_InDevelopmentMode_AllowsAnyTopicOfAKnownTeam()
    {
        await using var bed = await ApnsTestBed.StartAsync(o => o.AcceptUnknownDevices = true);

        var reply = await bed.SendAsync(new TestPush(ApnsTestBed.NewToken()) { Topic = "com.other.app.voip" });

        Assert.Equal(200, reply.Status);
    }
}
