using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.Memory;
using OrleansBackend.Runtime.Timers.Reminders.Memory;

namespace OrleansBackend.Tests.Persistence.Reminders;

/// <summary>Reminders on the in-memory table (one table and storage shared by the hosts of a test, as a database would be).</summary>
public sealed class MemoryReminderTests : ReminderTests
{
    private readonly MemoryReminderTable _table = new();
    private readonly MemoryGrainStorage _storage = new();

    protected override void AddStores(ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(GrainStorageNames.Default, _storage);
        silo.AddMemoryReminderTable(_table);
    }
}
