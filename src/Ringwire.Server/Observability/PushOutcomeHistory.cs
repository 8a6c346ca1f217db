using System.Text.Json;
using Ringwire.Push;
using Ringwire.Server.Json;

namespace Ringwire.Server.Observability;

/// <summary>
/// The push services' answers on this node over the last hour, per minute and result: what the dashboard charts.
/// In memory and per node (metrics backends aggregate <c>ringwire.push.outcomes</c> across nodes); it starts empty.
/// </summary>
public sealed class PushOutcomeHistory(TimeProvider time)
{
    public const int Minutes = 60;

    /// <summary>Every result, by its wire name (as in the trace's <c>result</c>), in enum order.</summary>
    public static readonly IReadOnlyList<string> ResultNames = [.. Enum.GetValues<PushResult>().Select(Name)];

    private static readonly int ResultCount = Enum.GetValues<PushResult>().Length;

    private readonly Lock _lock = new();

    // A ring of minute slots: slot m % 60 holds minute m (minutes since the Unix epoch) when _minuteOf says so, and
    // is cleared when a later minute takes it over.
    private readonly long[] _minuteOf = Enumerable.Repeat(-1L, Minutes).ToArray();
    private readonly long[,] _counts = new long[Minutes, ResultCount];

    public static string Name(PushResult result) => JsonNamingPolicy.CamelCase.ConvertName(result.ToString());

    /// <summary>Counts one answer (one attempt, as the <c>ringwire.push.outcomes</c> counter does).</summary>
    public void Record(PushResult result)
    {
        var minute = MinuteOf(time.GetUtcNow());
        var slot = (int)(minute % Minutes);
        lock (_lock)
        {
            if (_minuteOf[slot] != minute)
            {
                // Only forwards: a clock stepping back must not wipe a newer minute.
                if (_minuteOf[slot] > minute)
                {
                    return;
                }

                _minuteOf[slot] = minute;
                for (var r = 0; r < ResultCount; r++)
                {
                    _counts[slot, r] = 0;
                }
            }

            _counts[slot, (int)result]++;
        }
    }

    /// <summary>The last <see cref="Minutes"/> minutes up to now, oldest first, every minute and result present.</summary>
    public PushOutcomesView Snapshot(string node)
    {
        var now = time.GetUtcNow();
        var current = MinuteOf(now);
        var minutes = new PushOutcomeMinuteView[Minutes];
        var totals = new long[ResultCount];
        lock (_lock)
        {
            for (var i = 0; i < Minutes; i++)
            {
                var minute = current - Minutes + 1 + i;
                var slot = (int)(minute % Minutes);
                var counts = new Dictionary<string, long>(ResultCount);
                for (var r = 0; r < ResultCount; r++)
                {
                    var n = _minuteOf[slot] == minute ? _counts[slot, r] : 0;
                    counts[ResultNames[r]] = n;
                    totals[r] += n;
                }

                minutes[i] = new PushOutcomeMinuteView(DateTimeOffset.FromUnixTimeSeconds(minute * 60), counts);
            }
        }

        return new PushOutcomesView(node, minutes[0].At, now, ResultNames,
            Enumerable.Range(0, ResultCount).ToDictionary(r => ResultNames[r], r => totals[r]), minutes);
    }

    private static long MinuteOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;
}
