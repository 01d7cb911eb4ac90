using System.Diagnostics.Metrics;
using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Runtime.Diagnostics;

/// <summary>
/// Membership as this process sees it (meter <see cref="RuntimeMetrics.MeterName"/>): silos by status and the
/// number of changes of statuses. Observed at scrape time from the current view; nothing runs in between.
/// </summary>
internal sealed class MembershipMetrics
{
    private static readonly (SiloStatus Status, string Tag)[] Statuses =
    [
        (SiloStatus.Joining, "joining"),
        (SiloStatus.Active, "active"),
        (SiloStatus.ShuttingDown, "shutting_down"),
        (SiloStatus.Dead, "dead"),
    ];

    private readonly ClusterMembershipView _view;

    public MembershipMetrics(ClusterMembershipView view, IMeterFactory meterFactory)
    {
        _view = view;
        var meter = meterFactory.Create(RuntimeMetrics.MeterName);
        meter.CreateObservableGauge("orleans.membership.silos", ObserveSilos, "{silo}", "Silos in the membership table as this process sees it, by status.");
        meter.CreateObservableCounter("orleans.membership.changes", () => _view.ChangeVersion, "{change}", "Changes of silo statuses this process has seen (joins, leaves, deaths).");
    }

    private IEnumerable<Measurement<long>> ObserveSilos()
    {
        var members = _view.Current.Members;
        var measurements = new Measurement<long>[Statuses.Length];
        for (var i = 0; i < Statuses.Length; i++)
        {
            long count = 0;
            foreach (var member in members)
            {
                if (member.Status == Statuses[i].Status)
                {
                    count++;
                }
            }

            measurements[i] = new Measurement<long>(count, new KeyValuePair<string, object?>("status", Statuses[i].Tag));
        }

        return measurements;
    }
}
