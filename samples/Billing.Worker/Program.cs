// A stand-in for a billing webhook worker. The point of this sample is its project file: the application's own
// `dotnet build` validates the migrations under supabase/ before compiling a line of C#.
var pending = Environment.GetEnvironmentVariable("BILLING_WEBHOOK_QUEUE") ?? "billing.webhook_outbox";
Console.WriteLine($"Billing worker would drain {pending}.");
