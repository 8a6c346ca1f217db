namespace Ringwire.Server.VirtualPhones;

/// <summary>Why the lab did not switch on a new phone.</summary>
public enum PhoneRefusal
{
    /// <summary>The lab already holds <see cref="LabPhones.MaxPhones"/> phones.</summary>
    Full,

    /// <summary>The server listens on no plain-http address the phones could reach it at.</summary>
    NoHttpAddress,
}
