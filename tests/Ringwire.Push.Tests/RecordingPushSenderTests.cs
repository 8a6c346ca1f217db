using Ringwire.Core;

namespace Ringwire.Push.Tests;

public sealed class RecordingPushSenderTests
{
    private static PushMessage Message(int i) =>
        new(PushKind.Voip, Guid.NewGuid(), "bob", $"d-{i}", new string('a', 64), ApnsEnvironment.Production, null, new byte[] { 1 });

    [Fact]
    public async Task Send_BeyondCapacity_KeepsOnlyTheMostRecentPushes()
    {
        var sender = new RecordingPushSender();

        for (var i = 0; i < RecordingPushSender.Capacity + 5; i++)
        {
            await sender.SendAsync(Message(i), default);
        }

        Assert.Equal(RecordingPushSender.Capacity, sender.Sent.Count);
        Assert.Equal("d-5", sender.Sent[0].DeviceId);
        Assert.Equal($"d-{RecordingPushSender.Capacity + 4}", sender.Sent[^1].DeviceId);
    }

    [Fact]
    public async Task Send_AnswersWithRespondAndWakesAWaiter()
    {
        var sender = new RecordingPushSender { Respond = _ => new PushOutcome(PushResult.TokenDead, "Unregistered", 410) };
        var waiting = sender.WaitForAsync(m => m.DeviceId == "d-2", default);

        var outcome = await sender.SendAsync(Message(2), default);

        Assert.Equal(PushResult.TokenDead, outcome.Result);
        Assert.Equal("d-2", (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).DeviceId);
    }
}
