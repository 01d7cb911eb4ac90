using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>
/// A grain that receives durable reminders. Reminders outlive activations and silo restarts: the silo that owns
/// the grain calls <see cref="ReceiveReminder"/> through a grain reference (activating the grain if needed) at
/// least once per tick. Register them with <c>Grain.RegisterOrUpdateReminder</c>.
/// </summary>
public interface IRemindable : IGrain
{
    /// <summary>A tick of reminder <paramref name="reminderName"/> fell due. Throwing makes the silo deliver the tick again later.</summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}
