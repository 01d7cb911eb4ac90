using OrleansBackend.Hosting.Database;

namespace OrleansBackend.Silo;

/// <summary>
/// <c>OrleansBackend.Silo migrate</c>: applies the schema migrations to every database the configuration names (what a
/// silo also does when it starts), for operators who prefer to change the schema before a deployment.
/// <c>migrate --print postgresql|sqlite</c> writes the scripts instead, to apply by hand.
/// </summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--print", var engineName])
        {
            if (!Enum.TryParse<DatabaseEngine>(engineName, ignoreCase: true, out var engine))
            {
                Console.Error.WriteLine($"migrate --print: the engine must be {string.Join(" or ", Enum.GetNames<DatabaseEngine>())} (was '{engineName}').");
                return 2;
            }

            foreach (var script in MigrationScripts.For(engine))
            {
                Console.WriteLine($"-- {script.Name}");
                Console.WriteLine(script.Sql);
            }

            return 0;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton<DatabaseMigrator>();
        using var host = builder.Build();
        var targets = ConfiguredDatabases.Read(builder.Configuration);
        if (targets.Count == 0)
        {
            Console.Error.WriteLine("migrate: the configuration names no database (Orleans:GrainStorage, Orleans:Reminders, Orleans:Streaming).");
            return 2;
        }

        var migrator = host.Services.GetRequiredService<DatabaseMigrator>();
        foreach (var target in targets)
        {
            try
            {
                var applied = await migrator.MigrateAsync(target);
                Console.WriteLine(applied.Count == 0
                    ? $"{target.Describe()}: up to date"
                    : $"{target.Describe()}: applied {string.Join(", ", applied)}");
            }
            catch (Exception exception)
            {
                Console.Error.WriteLine($"{target.Describe()}: {exception.Message}");
                return 1;
            }
        }

        return 0;
    }
}
