using Ringwire.Core;

namespace Ringwire.Storage;

/// <summary>What a sweep writes for one overdue call: its next version and the trace event that says why.</summary>
public sealed record SweptTransition(Call Next, TraceEvent Trace);
