namespace Ringwire.Lab.Phone;

/// <summary>One time a call rang; <paramref name="Stop"/> is null while it still rings.</summary>
public sealed record RingingInterval(Guid CallUuid, DateTimeOffset Start, DateTimeOffset? Stop)
{
    public override string ToString() => $"{CallUuid} rang {Start:HH:mm:ss.fff} - {(Stop is { } s ? s.ToString("HH:mm:ss.fff") : "still ringing")}";
}
