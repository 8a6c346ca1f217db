namespace Ringwire.Server.Dashboard;

/// <summary>One file of the dashboard, as embedded in this assembly.</summary>
public sealed record DashboardFile(string Name, string ContentType, ReadOnlyMemory<byte> Content, string ETag);
