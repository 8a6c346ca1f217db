namespace Ringwire.Lab.Load;

/// <summary>A frame queued for a device's single writer.</summary>
/// <param name="Payload">UTF-8 JSON text.</param>
/// <param name="AnswerFor">
/// Set on an answer frame: the writer stamps the call just before the bytes go out, so the
/// answer→event latency does not include time spent waiting in the queue.
/// </param>
internal readonly record struct OutgoingFrame(byte[] Payload, CallAttempt? AnswerFor);
