using Tradeul.Maintenance;

if (args.FirstOrDefault() == "migrate")
{
    // A run-to-completion step for deploys and the AppHost: apply migrations, exit 0 or not.
    return await MigrateCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMaintenanceServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapMaintenanceEndpoints();
await app.RunAsync();
return 0;
