namespace Ringwire.Server.Options;

public sealed class RetentionOptions
{
    /// <summary>Days a call and its trace are kept after it ends, so a device woken late still learns how it ended.</summary>
    public int Days { get; set; } = 30;
}
