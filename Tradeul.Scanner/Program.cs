using Tradeul.Scanner;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddScannerServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapScannerEndpoints();
app.Run();
