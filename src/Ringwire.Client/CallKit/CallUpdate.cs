namespace Ringwire.Client.CallKit;

/// <summary>What the system shows for a call (<c>CXCallUpdate</c>); a null member is not set and leaves the shown value alone.</summary>
public sealed record CallUpdate
{
    /// <summary>The other party's handle (for an incoming call, the caller).</summary>
    public CallHandle? RemoteHandle { get; init; }

    /// <summary>The name to show instead of the one the system would find for the handle.</summary>
    public string? LocalizedCallerName { get; init; }

    /// <summary>Whether the call has video.</summary>
    public bool? HasVideo { get; init; }

    /// <summary>Whether the call can be held.</summary>
    public bool? SupportsHolding { get; init; }
}
