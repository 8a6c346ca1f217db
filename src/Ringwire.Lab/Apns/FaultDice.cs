namespace Ringwire.Lab.Apns;

/// <summary>The one random source of a simulator, so that a seed makes a whole run repeatable.</summary>
internal sealed class FaultDice(int? seed)
{
    private readonly Lock _lock = new();
    private readonly Random _random = seed is { } s ? new Random(s) : new Random();

    /// <summary>A number from 0 (inclusive) to 1 (exclusive).</summary>
    public double Roll()
    {
        lock (_lock)
        {
            return _random.NextDouble();
        }
    }
}
