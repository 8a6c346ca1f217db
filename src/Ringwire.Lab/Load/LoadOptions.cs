namespace Ringwire.Lab.Load;

/// <summary>What one load run offers: where, how many users, how many calls per second, for how long.</summary>
public sealed record LoadOptions
{
    /// <summary>The servers, each ending in '/'; several are nodes on one database.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [new("http://127.0.0.1:5000/")];

    /// <summary>The first node: set-up requests go here.</summary>
    public Uri Url => Urls[0];

    /// <summary>Sent as X-Api-Key to mint user tokens.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Callee users, each with devices a and b.</summary>
    public int Devices { get; init; } = 50;

    /// <summary>Caller users, used round robin.</summary>
    public int Callers { get; init; } = 16;

    /// <summary>Calls per second offered.</summary>
    public double Rate { get; init; } = 500;

    /// <summary>Length of the measured phase.</summary>
    public double Seconds { get; init; } = 10;

    /// <summary>Share of calls answered (0 to 1); the rest are cancelled by the caller.</summary>
    public double AnswerFraction { get; init; } = 1.0;

    /// <summary>Most create requests in flight.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Also write the report as JSON here.</summary>
    public string? JsonPath { get; init; }
}
