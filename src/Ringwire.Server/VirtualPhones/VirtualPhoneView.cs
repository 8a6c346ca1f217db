using Ringwire.Lab.Scenarios;

namespace Ringwire.Server.VirtualPhones;

/// <summary>A virtual phone as the lab shows it: everything here comes from the phone (its CallKit, its app), none from the server.</summary>
public sealed record VirtualPhoneView(
    string PhoneId,
    string UserId,
    string DeviceId,
    string Name,
    bool AppRunning,
    bool Connected,
    int Strikes,
    bool VoipBlocked,
    IReadOnlyList<VirtualCallView> Calls,
    IReadOnlyList<PhoneEventView> Timeline)
{
    /// <summary>How many calls the view shows, newest first.</summary>
    public const int MaxCalls = 10;

    /// <summary>How many timeline events the view shows, the latest ones, oldest first.</summary>
    public const int MaxEvents = 100;

    public static VirtualPhoneView Of(LabPhone phone)
    {
        var running = phone.Phone.IsAppRunning;
        var app = running ? phone.RunningApp : null;
        var calls = phone.Phone.ScreenCalls().Reverse().Take(MaxCalls).Select(VirtualCallView.Of).ToArray();
        var events = phone.Phone.Timeline.Events;
        return new VirtualPhoneView(phone.DeviceId, phone.UserId, phone.DeviceId, phone.Name, running,
            app?.Channel.IsConnected ?? false, phone.Phone.Strikes, phone.Phone.IsVoipBlocked, calls,
            [.. events.Skip(Math.Max(0, events.Count - MaxEvents)).Select(PhoneEventView.Of)]);
    }
}
