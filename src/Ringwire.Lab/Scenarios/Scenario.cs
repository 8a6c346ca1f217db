namespace Ringwire.Lab.Scenarios;

/// <summary>
/// One seed scenario: a situation from the developer threads in shared/seeds, played by virtual phones against the
/// real server, with what must hold at the end.
/// </summary>
/// <param name="Name">Short name to run it by, e.g. <c>S4</c>.</param>
/// <param name="Title">What happens, in one line.</param>
/// <param name="Body">Sets the scene, plays it and checks what each phone and the caller saw.</param>
public sealed record Scenario(string Name, string Title, Func<ScenarioRun, Task> Body);
