using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Messaging;

/// <summary>Stands in for a request naming a method this process does not know, so the caller still gets an answer.</summary>
internal sealed class UnknownMethodRequest : Request<VoidResult>
{
    private readonly MethodDescriptor _method;

    public UnknownMethodRequest(uint interfaceId, uint methodId)
    {
        _method = new MethodDescriptor(typeof(UnknownMethodRequest), $"unknown {interfaceId:X8}/{methodId:X8}", interfaceId, methodId, InvokeMethodOptions.None);
    }

    public override MethodDescriptor Method => _method;

    public override int ArgumentCount => 0;

    public override object? GetArgument(int index) => throw new ArgumentOutOfRangeException(nameof(index));

    public override void WriteArguments(ref ValueWriter writer)
    {
    }

    public override void ReadArguments(ref ValueReader reader)
    {
    }

    protected override ValueTask<VoidResult> InvokeMethod(object grain) => throw new NotSupportedException(_method.MethodName);

    protected override void WriteResult(ref ValueWriter writer, uint fieldId, VoidResult value)
    {
    }

    protected override VoidResult ReadResult(ref ValueReader reader, WireType wireType)
    {
        reader.SkipField(wireType);
        return default;
    }
}
