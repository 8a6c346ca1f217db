using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>
/// With several faults, the first check in Pushy's order (reference §5.1) answers: headers and :path, then the
/// provider token, then topic, then device, then payload; faults last.
/// </summary>
public sealed class ValidationOrderTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "bad apns-id before a wrong method", ApnsReasons.BadMessageId },
        { "wrong method before a missing topic", ApnsReasons.MethodNotAllowed },
        { "missing topic before a bad collapse id", ApnsReasons.MissingTopic },
        { "bad collapse id before a bad priority", ApnsReasons.BadCollapseId },
        { "bad priority before a bad push type", ApnsReasons.BadPriority },
        { "bad push type before a bad expiration", ApnsReasons.InvalidPushType },
        { "bad expiration before a malformed token", ApnsReasons.BadExpirationDate },
        { "malformed token before a missing provider token", ApnsReasons.BadDeviceToken },
        { "missing provider token before a disallowed topic", ApnsReasons.MissingProviderToken },
        { "disallowed topic before a mismatched push type", ApnsReasons.TopicDisallowed },
        { "mismatched push type before an unregistered token", ApnsReasons.BadTopic },
        { "unregistered token before an empty payload", ApnsReasons.Unregistered },
        { "token for another topic before an empty payload", ApnsReasons.DeviceTokenNotForTopic },
        { "empty payload before faults", ApnsReasons.PayloadEmpty },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Send_WithSeveralFaults_AnswersTheFirstInOrder(string situation, string expected)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        bed.Simulator.Faults.TooManyRequestsRate = 1;
        var device = bed.AddDevice();
        var alertDevice = bed.AddDevice(ApnsTestBed.BundleId);
        var unregistered = bed.AddDevice();
        bed.Simulator.Unregister(unregistered.Token, bed.Time.GetUtcNow());
        var valid = new TestPush(device.Token);

        var push = situation switch
        {
            "bad apns-id before a wrong method" => valid with { ApnsId = "x", Method = "PUT" },
            "wrong method before a missing topic" => valid with { Method = "PUT", Topic = null },
            "missing topic before a bad collapse id" => valid with { Topic = null, CollapseId = new string('c', 65) },
            "bad collapse id before a bad priority" => valid with { CollapseId = new string('c', 65), Priority = "7" },
            "bad priority before a bad push type" => valid with { Priority = "7", PushType = "call" },
            "bad push type before a bad expiration" => valid with { PushType = "call", Expiration = "soon" },
            "bad expiration before a malformed token" => new TestPush("zz") { Expiration = "soon" },
            "malformed token before a missing provider token" => new TestPush("zz") { Anonymous = true },
            "missing provider token before a disallowed topic" => valid with { Anonymous = true, Topic = "com.other.app.voip" },
            "disallowed topic before a mismatched push type" => valid with { Topic = "com.other.app.voip", PushType = "alert" },
            "mismatched push type before an unregistered token" => new TestPush(unregistered.Token) { PushType = "alert" },
            "unregistered token before an empty payload" => new TestPush(unregistered.Token) { Body = [] },
            "token for another topic before an empty payload" => new TestPush(alertDevice.Token) { Body = [] },
            "empty payload before faults" => valid with { Body = [] },
            _ => throw new ArgumentOutOfRangeException(nameof(situation)),
        };

        var reply = await bed.SendAsync(push);

        Assert.Equal(expected, reply.Reason);
    }
}
