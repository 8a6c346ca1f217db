namespace Ringwire.Client;

/// <summary>A connection attempt that failed for a reason other than the network (no hello, a failing token source).</summary>
internal sealed class ChannelRefusedException(string message, Exception? inner = null) : Exception(message, inner);
