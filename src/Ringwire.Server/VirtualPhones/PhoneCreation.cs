using Ringwire.Lab.Scenarios;

namespace Ringwire.Server.VirtualPhones;

/// <summary>The phone switched on, or why none was.</summary>
public sealed record PhoneCreation(LabPhone? Phone, PhoneRefusal? Refusal);
