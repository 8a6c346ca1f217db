namespace Ringwire.Client;

/// <summary>How a reconnect delay is randomised, so that many devices cut off together do not return together.</summary>
public enum BackoffJitter
{
    /// <summary>A delay anywhere between zero and the exponential bound.</summary>
    Full,

    /// <summary>Half the exponential bound plus a random share of the other half.</summary>
    Equal,
}
