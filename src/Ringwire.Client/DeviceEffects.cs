using Ringwire.Client.CallKit;

namespace Ringwire.Client;

/// <summary>
/// What a decision made under the lock will do once the lock is released: calls into the system, events to the app,
/// network work in the background.
/// </summary>
/// <param name="changed">Raises the device's <see cref="RingwireDevice.CallChanged"/>; read when run, not when added.</param>
/// <param name="startBackground">Starts one piece of network work on the device's background.</param>
internal sealed class DeviceEffects(Action<DeviceCall> changed, Action<Func<CancellationToken, Task>> startBackground)
{
    private readonly List<Action> _actions = [];
    private readonly List<Func<CancellationToken, Task>> _background = [];

    public void Add(Action action) => _actions.Add(action);

    public void Report(ICallProvider provider, Guid uuid, CallUpdate update, Action<IncomingCallError?> completion) =>
        _actions.Add(() => provider.ReportNewIncomingCall(uuid, update, completion));

    public void Changed(DeviceCall snapshot) => _actions.Add(() => changed(snapshot));

    public void Background(Func<CancellationToken, Task> work) => _background.Add(work);

    public void Run()
    {
        foreach (var action in _actions)
        {
            action();
        }

        foreach (var work in _background)
        {
            startBackground(work);
        }
    }
}
