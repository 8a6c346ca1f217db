namespace Ringwire.Lab.Apns;

/// <summary>
/// Misbehaviour on demand, changeable while the simulator runs (every member is safe to set from any thread). Rates are
/// probabilities from 0 to 1 of one shared roll, so they add up: 0.1 of 429 and 0.1 of 500 fail a fifth of requests.
/// They apply only to requests that are valid and authenticated: Apple's own answers to bad requests come first.
/// </summary>
public sealed class ApnsFaults
{
    private double _reset;
    private double _tooManyRequests;
    private double _internalServerError;
    private double _serviceUnavailable;
    private double _shutdown;
    private double _goAway;
    private long _addedLatencyTicks;
    private long _latencyJitterTicks;
    private Func<ApnsExchange, (int Status, string Reason)?>? _override;

    /// <summary>429 TooManyRequests.</summary>
    public double TooManyRequestsRate { get => Volatile.Read(ref _tooManyRequests); set => Volatile.Write(ref _tooManyRequests, Rate(value)); }

    /// <summary>500 InternalServerError.</summary>
    public double InternalServerErrorRate { get => Volatile.Read(ref _internalServerError); set => Volatile.Write(ref _internalServerError, Rate(value)); }

    /// <summary>503 ServiceUnavailable.</summary>
    public double ServiceUnavailableRate { get => Volatile.Read(ref _serviceUnavailable); set => Volatile.Write(ref _serviceUnavailable, Rate(value)); }

    /// <summary>503 Shutdown.</summary>
    public double ShutdownRate { get => Volatile.Read(ref _shutdown); set => Volatile.Write(ref _shutdown, Rate(value)); }

    /// <summary>The stream is reset without an answer and the push is not delivered.</summary>
    public double ResetRate { get => Volatile.Read(ref _reset); set => Volatile.Write(ref _reset, Rate(value)); }

    /// <summary>An independent roll: answer as usual, then close the connection gracefully (GOAWAY).</summary>
    public double GoAwayRate { get => Volatile.Read(ref _goAway); set => Volatile.Write(ref _goAway, Rate(value)); }

    /// <summary>Waited (in real time, whatever the simulator's clock) before every answer, as a network round trip would.</summary>
    public TimeSpan AddedLatency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _addedLatencyTicks));
        set => Interlocked.Exchange(ref _addedLatencyTicks, Duration(value).Ticks);
    }

    /// <summary>A random extra wait from zero up to this, added to <see cref="AddedLatency"/>; lets answers overtake one another.</summary>
    public TimeSpan LatencyJitter
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyJitterTicks));
        set => Interlocked.Exchange(ref _latencyJitterTicks, Duration(value).Ticks);
    }

    /// <summary>
    /// A scripted answer for tests, asked before the rates with the exchange as it would be recorded if accepted
    /// (status 200); null goes on as usual, and so does a returned status 200.
    /// </summary>
    public Func<ApnsExchange, (int Status, string Reason)?>? Override { get => Volatile.Read(ref _override); set => Volatile.Write(ref _override, value); }

    private static double Rate(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A rate is a probability from 0 to 1.");

    private static TimeSpan Duration(TimeSpan value) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A latency cannot be negative.");
}
