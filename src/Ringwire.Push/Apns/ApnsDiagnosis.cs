namespace Ringwire.Push.Apns;

/// <summary>One APNs answer in plain words: what it points at, what it means, and what to do about it.</summary>
public sealed record ApnsDiagnosis(ApnsSuspect Suspect, string Meaning, string Remedy);
