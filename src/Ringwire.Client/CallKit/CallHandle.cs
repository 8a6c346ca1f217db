using Ringwire.Core;

namespace Ringwire.Client.CallKit;

/// <summary>A caller's handle as the system shows it (<c>CXHandle</c>); iOS 26 needs a non-empty value.</summary>
public sealed record CallHandle(HandleType Type, string Value);
