using Ringwire.Lab.Phone;

namespace Ringwire.Server.VirtualPhones;

/// <summary>One line of a virtual phone's timeline: when, what (a <see cref="PhoneEventKind"/> name), and in words.</summary>
public sealed record PhoneEventView(DateTimeOffset At, string Kind, string Text)
{
    public static PhoneEventView Of(PhoneEvent e) => new(e.At, e.Kind.ToString(), e.Detail);
}
