using Ringwire.Core;

namespace Ringwire.Storage;

/// <summary>The stored call, and whether this request created it or an earlier one with the same idempotency key did.</summary>
public sealed record CallCreation(Call Call, bool Created);
