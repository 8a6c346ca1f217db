using Ringwire.Server.Hosting;

// The start-up lives in RingwireServer, shared with `ringwire serve`.
RingwireServer.Build(args).Run();
