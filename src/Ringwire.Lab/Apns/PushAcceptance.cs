using Ringwire.Core;

namespace Ringwire.Lab.Apns;

/// <summary>Apple's checks after authentication: the topic for the team and push type, the device, then the payload.</summary>
internal sealed class PushAcceptance(ApnsDirectory directory, ApnsEnvironment environment, bool acceptUnknownDevices)
{
    // A1, A4: 5 KB for VoIP, 4 KB for every other push.
    private const int VoipPayloadLimit = 5120;
    private const int PayloadLimit = 4096;

    /// <summary>The device to deliver to (null: nobody, in development mode), or the answer that refuses the push.</summary>
    public (SimulatedDevice? Device, ApnsAnswer? Refusal) Check(PushRequest request, string teamId, ReadOnlyMemory<byte> payload)
    {
        var topicAllowed = acceptUnknownDevices
            ? directory.IsKnownTeam(teamId)
            : directory.AllowsBundleId(teamId, PushTopics.BundleIdOf(request.Topic));
        if (!topicAllowed)
        {
            return (null, ApnsAnswer.BadRequest(ApnsReasons.TopicDisallowed));
        }

        if (PushTopics.Mismatch(request.Topic, request.PushType))
        {
            return (null, ApnsAnswer.BadRequest(ApnsReasons.BadTopic));
        }

        if (directory.UnregisteredAt(request.Token) is { } unregisteredAt)
        {
            // A2: 410 carries the time APNs learnt the token was no longer valid, in ms.
            return (null, new ApnsAnswer(410, ApnsReasons.Unregistered, unregisteredAt.ToUnixTimeMilliseconds()));
        }

        var device = directory.FindDevice(request.Token);
        if (device is null && !acceptUnknownDevices)
        {
            return (null, ApnsAnswer.BadRequest(ApnsReasons.BadDeviceToken));
        }

        if (device is not null && device.Environment != environment)
        {
            // A2: BadDeviceToken covers a token of the other environment.
            return (null, ApnsAnswer.BadRequest(ApnsReasons.BadDeviceToken));
        }

        if (device is not null && device.Topic != request.Topic)
        {
            return (null, ApnsAnswer.BadRequest(ApnsReasons.DeviceTokenNotForTopic));
        }

        if (payload.IsEmpty)
        {
            return (null, ApnsAnswer.BadRequest(ApnsReasons.PayloadEmpty));
        }

        if (payload.Length > (request.EffectivePushType == "voip" ? VoipPayloadLimit : PayloadLimit))
        {
            return (null, new ApnsAnswer(413, ApnsReasons.PayloadTooLarge));
        }

        return (device, null);
    }
}
