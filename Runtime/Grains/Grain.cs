using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Timers;
using OrleansBackend.Runtime.Timers.Reminders;

namespace OrleansBackend.Runtime.Grains;

/// <summary>
/// The base class of grain implementations. The runtime constructs grains (constructor parameters come from the
/// silo's services, and <c>[PersistentState]</c> parameters are loaded before <see cref="OnActivateAsync"/>);
/// grain code runs one turn at a time unless the class or method says otherwise.
/// </summary>
public abstract class Grain : IAddressable
{
    private readonly ActivationData? _activation;

    /// <summary>Binds the grain to the activation that is constructing it.</summary>
    protected Grain()
    {
        _activation = ActivationData.Constructing;
    }

    /// <summary>The grain's id.</summary>
    public GrainId GrainId => Activation.GrainId;

    /// <summary>"type/key", for logs.</summary>
    public string IdentityString => GrainId.ToString();

    /// <summary>References to other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.GrainFactory;

    /// <summary>The silo's services.</summary>
    protected IServiceProvider ServiceProvider => Activation.Services;

    /// <summary>The silo's clock; use it instead of <see cref="DateTimeOffset.UtcNow"/> so tests can drive time.</summary>
    protected TimeProvider TimeProvider => Activation.TimeProvider;

    internal ActivationData Activation => _activation
        ?? throw new InvalidOperationException("This grain was not created by the runtime; get it through IGrainFactory.GetGrain.");

    /// <summary>Runs once after construction and state loading, before the first request.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once when the activation is retired (idle, asked to, silo shutdown, placement change).</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation as soon as the current request completes.</summary>
    protected void DeactivateOnIdle() =>
        Activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>Registers a timer whose callback runs as a turn of this grain.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, new GrainTimerCreationOptions { DueTime = dueTime, Period = period });

    /// <summary>Registers a timer whose callback runs as a turn of this grain.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(static (state, token) => ((Func<CancellationToken, Task>)state!)(token), callback, options);
    }

    /// <summary>Registers a timer with a state argument whose callback runs as a turn of this grain.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer((s, token) => callback((TState)s!, token), state, options);
    }

    /// <summary>
    /// Registers (or replaces) a durable reminder: <see cref="IRemindable.ReceiveReminder"/> is called after
    /// <paramref name="dueTime"/> and then every <paramref name="period"/>, across deactivations and silo restarts,
    /// until it is unregistered. The grain class must implement <see cref="IRemindable"/>.
    /// </summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        GrainReminderAccess.Registry(this).RegisterOrUpdateReminderAsync(GrainId, reminderName, dueTime, period);

    /// <summary>Removes a reminder of this grain (nothing happens if it is already gone).</summary>
    protected Task UnregisterReminder(IGrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return GrainReminderAccess.Registry(this).UnregisterReminderAsync(GrainId, reminder.ReminderName);
    }

    /// <summary>The reminder of this grain named <paramref name="reminderName"/>, or null.</summary>
    protected Task<IGrainReminder?> GetReminder(string reminderName) =>
        GrainReminderAccess.Registry(this).GetReminderAsync(GrainId, reminderName);

    /// <summary>All reminders of this grain.</summary>
    protected Task<IReadOnlyList<IGrainReminder>> GetReminders() =>
        GrainReminderAccess.Registry(this).GetRemindersAsync(GrainId);
}
