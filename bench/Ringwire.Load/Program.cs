using Ringwire.Load;

if (!LoadOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine($"ringwire-load: {problem}");
    Console.Error.WriteLine();
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

using var interrupt = new CancellationTokenSource();

// A first Ctrl+C stops placing calls, lets those in flight finish, closes sockets and reports;
// a second one ends the process at once.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};

using var run = new LoadRun(options, interrupt.Token);
return await run.RunAsync();
