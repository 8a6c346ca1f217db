namespace Ringwire.Lab.Phone;

/// <summary>How the app died when it did not choose to.</summary>
public enum CrashKind
{
    /// <summary>PushKit's check when the delegate returns (R1): NSInternalInconsistencyException.</summary>
    NeverReportedException,

    /// <summary>callservicesd's check about 7 s after delivery (R2): exception code 0xbaadca11.</summary>
    CallServicesKill,

    /// <summary>The app's own code threw out of a callback the phone made.</summary>
    UncaughtException,
}
