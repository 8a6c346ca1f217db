namespace Ringwire.Lab.Scenarios;

/// <summary>One line of a scenario's timeline: when, who, what.</summary>
public sealed record ScenarioLine(DateTimeOffset At, string Who, string What);
