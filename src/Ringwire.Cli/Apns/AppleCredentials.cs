namespace Ringwire.Cli.Apns;

/// <summary>The APNs options as typed, before any check.</summary>
internal sealed record AppleCredentials(
    string KeyPath,
    string? KeyId,
    string TeamId,
    string BundleId,
    string Environment,
    string? Endpoint,
    string? CaPath);
