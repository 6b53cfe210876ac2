package netc.lsp;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.validation.ReflectiveMessageValidator;

/**
 * Stops messages whose params are missing, or lack a member the protocol requires (lsp4j's
 * {@code @NonNull}), before they reach the server: a request is answered -32602 (invalid params)
 * saying what is missing, a notification is logged and dropped.
 */
final class ParamsCheck extends ReflectiveMessageValidator {
    private final MessageJsonHandler json;

    ParamsCheck(MessageConsumer server, MessageJsonHandler json) {
        super(server);
        this.json = json;
    }

    /** All that is wrong with a message, as one issue (lsp4j answers several with -32600 instead). */
    @Override
    protected List<MessageIssue> validate(Object message) {
        List<String> problems = new ArrayList<>();
        String method = method(message);
        if (method != null && params(message) == null && takesParams(method)) {
            problems.add("params are missing");
        }
        super.validate(message).forEach(issue -> problems.add(issue.getText()));
        List<MessageIssue> issues = new ArrayList<>();
        if (!problems.isEmpty()) {
            String prefix = method == null ? "" : method + ": ";
            issues.add(new MessageIssue(prefix + String.join("; ", problems), ResponseErrorCode.InvalidParams.getValue()));
        }
        return issues;
    }

    private boolean takesParams(String method) {
        JsonRpcMethod known = json.getJsonRpcMethod(method);
        return known != null && known.getParameterTypes().length > 0;
    }

    private static String method(Object message) {
        if (message instanceof RequestMessage) {
            return ((RequestMessage) message).getMethod();
        }
        return message instanceof NotificationMessage ? ((NotificationMessage) message).getMethod() : null;
    }

    private static Object params(Object message) {
        if (message instanceof RequestMessage) {
            return ((RequestMessage) message).getParams();
        }
        return message instanceof NotificationMessage ? ((NotificationMessage) message).getParams() : null;
    }
}
