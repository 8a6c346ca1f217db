namespace Ringwire.Client;

/// <summary>Where a call stands on this device.</summary>
public enum DeviceCallState
{
    /// <summary>Ringing (incoming) or waiting for the callee (outgoing).</summary>
    Ringing,

    /// <summary>The user answered; waiting for the server to grant the answer.</summary>
    Answering,

    /// <summary>Connected: answered here (incoming) or by the callee (outgoing).</summary>
    Answered,

    /// <summary>Over for this device.</summary>
    Ended,
}
