using Ringwire.ApnsBench;

if (!BenchOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine($"ringwire-apns-bench: {problem}");
    Console.Error.WriteLine();
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

if (options.PrintBody)
{
    using var stdout = Console.OpenStandardOutput();
    stdout.Write(BenchPayload.Voip());
    return 0;
}

try
{
    if (options.PrintJwt)
    {
        Console.WriteLine(await BenchRun.ProviderTokenAsync(options));
        return 0;
    }

    using var interrupt = new CancellationTokenSource();

    // A first Ctrl+C stops sending new pushes and reports those answered; a second one ends the process at once.
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = !interrupt.IsCancellationRequested;
        interrupt.Cancel();
    };

    return await new BenchRun(options).RunAsync(interrupt.Token);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException)
{
    Console.Error.WriteLine($"ringwire-apns-bench: {e.Message}");
    return 2;
}
