var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddRingwire(builder.Configuration);

var app = builder.Build();
app.UseRingwire();
app.MapRingwire();
app.Run();
