// Configuration is read once at start-up. Reloading on change would watch the working folder, where the SQLite
// file and its WAL change with every write: the watcher's events then cost more CPU than the calls themselves.
var builder = WebApplication.CreateSlimBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.Services.AddRingwire(builder.Configuration);

var app = builder.Build();
app.UseRingwire();
app.MapRingwire();
app.Run();
