using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>Finds the reminder service for the <c>Grain</c> reminder helpers, with errors that say what is missing.</summary>
internal static class GrainReminderAccess
{
    public static IReminderRegistry Registry(Grain grain)
    {
        if (grain is not IRemindable)
        {
            throw new InvalidOperationException($"Grain class {grain.GetType().Name} must implement {nameof(IRemindable)} to use reminders.");
        }

        return grain.Activation.Services.GetService<IReminderRegistry>()
            ?? throw new InvalidOperationException(
                "This silo has no reminder service. Add one in the silo configuration, for example AddSqliteReminderTable(...), " +
                "AddPostgresReminderTable(...) or AddMemoryReminderTable().");
    }
}
