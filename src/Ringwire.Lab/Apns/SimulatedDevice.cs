using System.Threading.Channels;
using Ringwire.Core;

namespace Ringwire.Lab.Apns;

/// <summary>
/// The APNs side of one device token: whether the device is reachable, and what it received. Virtual phones read
/// <see cref="Inbox"/>; tests switch <see cref="Online"/>.
/// </summary>
public sealed class SimulatedDevice
{
    private readonly Lock _lock = new();
    private readonly Channel<ApnsNotification> _inbox = Channel.CreateUnbounded<ApnsNotification>();
    private readonly TimeProvider _time;
    private readonly TimeSpan _staleConnectionWindow;

    // apns-expiration 0 pushes sent while APNs still thought the old connection alive (forum thread 795610).
    private readonly List<(long Order, ApnsNotification Notification)> _held = [];

    // A1: "APNs stores only one notification per bundle ID"; a token belongs to one topic, so one slot.
    private (long Order, ApnsNotification Notification)? _stored;
    private long _order;
    private bool _online = true;
    private DateTimeOffset _offlineSince;

    internal SimulatedDevice(string token, string topic, ApnsEnvironment environment, TimeProvider time, TimeSpan staleConnectionWindow)
    {
        Token = token;
        Topic = topic;
        Environment = environment;
        _time = time;
        _staleConnectionWindow = staleConnectionWindow;
    }

    public string Token { get; }

    public string Topic { get; }

    public ApnsEnvironment Environment { get; }

    public ChannelReader<ApnsNotification> Inbox => _inbox.Reader;

    /// <summary>Going online delivers what was held or stored meanwhile, oldest first; stored pushes whose expiration has passed are dropped.</summary>
    public bool Online
    {
        get
        {
            lock (_lock)
            {
                return _online;
            }
        }
        set
        {
            lock (_lock)
            {
                if (value == _online)
                {
                    return;
                }

                _online = value;
                if (!value)
                {
                    _offlineSince = _time.GetUtcNow();
                    return;
                }

                var now = _time.GetUtcNow();
                var waiting = new List<(long Order, ApnsNotification Notification)>(_held);
                if (_stored is { } stored && !(stored.Notification.Expiration <= now))
                {
                    waiting.Add(stored);
                }

                _held.Clear();
                _stored = null;
                foreach (var (_, notification) in waiting.OrderBy(w => w.Order))
                {
                    _inbox.Writer.TryWrite(notification);
                }
            }
        }
    }

    /// <summary>Hands an accepted push to the device; true when it reached the inbox now.</summary>
    internal bool Deliver(ApnsNotification notification)
    {
        lock (_lock)
        {
            var order = ++_order;
            if (_online)
            {
                return _inbox.Writer.TryWrite(notification);
            }

            if (notification.Expiration == DateTimeOffset.UnixEpoch)
            {
                // A1: expiration 0 is tried once and not stored; it still lands late if APNs had not yet noticed the device left.
                if (_time.GetUtcNow() - _offlineSince < _staleConnectionWindow)
                {
                    _held.Add((order, notification));
                }

                return false;
            }

            // A1: no expiration means "stored per APNs storage policy", so it is stored like a nonzero one.
            _stored = (order, notification);
            return false;
        }
    }
}
