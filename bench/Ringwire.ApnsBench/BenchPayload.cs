using Ringwire.Core;

namespace Ringwire.ApnsBench;

/// <summary>
/// The body every client of the benchmark sends: a VoIP push as the server builds it (contract §7, <see cref="PushPayloads.Voip"/>)
/// for a call with a caller name, a phone-number handle and a connect URL, about 300 bytes.
/// </summary>
internal static class BenchPayload
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);

    public static Guid CallId { get; } = Guid.Parse("5f0c2d4e-8a1b-4c3d-9e2f-7a6b5c4d3e2f");

    public static byte[] Voip() => PushPayloads.Voip(
        new Call
        {
            CallId = CallId,
            From = "load-caller-7",
            To = "load-callee-42",
            CallerName = "Alice Example",
            CallerHandle = "+15551234567",
            HandleType = HandleType.PhoneNumber,
            CreatedAt = CreatedAt,
            RingUntil = CreatedAt.AddSeconds(45),
            ClaimUntil = CreatedAt.AddSeconds(60),
        },
        CreatedAt.AddMilliseconds(12),
        "wss://ringwire.example.com/v1/connect");
}
