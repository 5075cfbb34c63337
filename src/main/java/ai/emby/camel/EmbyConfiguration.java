/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package ai.emby.camel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import ai.emby.camel.memory.ConversationStore;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The options of an {@code emby:} endpoint; the component holds one instance as the defaults every endpoint copies.
 */
@UriParams
// Secrets use @UriParam(secret = true): it is deprecated in Camel 4.19+ in favour of security = "secret", but Camel 4.17
// (what Camel Spring Boot and Camel Quarkus ship) has no security attribute, and the component must build on both.
@SuppressWarnings("deprecation")
public class EmbyConfiguration implements Cloneable {

    /** The default for {@link #deltaExcludeHeaders}: credentials and Camel's HTTP control headers. */
    public static final String DEFAULT_DELTA_EXCLUDE_HEADERS = "Authorization,Proxy-Authorization,Cookie,CamelHttp*";

    // ---- connection ---------------------------------------------------------------------------------------------

    @UriParam(label = "security", secret = true)
    @Metadata(description = "The API key, sent as a Bearer token in the Authorization header. When not set on the endpoint or the"
                            + " component, the environment variable EMBY_API_KEY is used, then the system property"
                            + " emby.api.key.")
    private String apiKey;

    @UriParam(label = "common")
    @Metadata(description = "The base URL of the OpenAI-compatible API (the part before /chat/completions). When not"
                            + " set, the environment variable EMBY_BASE_URL is used, else https://dev.emby.ai/v1.")
    private String baseUrl;

    // ---- request ------------------------------------------------------------------------------------------------

    @UriParam(label = "common")
    @Metadata(description = "The model id, for example llama-3.3-70b-versatile or gpt-5. Required, here or in the"
                            + " CamelEmbyModel header.")
    private String model;

    @UriParam(label = "request")
    @Metadata(description = "Sampling temperature, sent as temperature. Not sent when unset.")
    private Double temperature;

    @UriParam(label = "request")
    @Metadata(description = "Nucleus sampling, sent as top_p. Not sent when unset.")
    private Double topP;

    @UriParam(label = "request")
    @Metadata(description = "Upper bound of generated tokens, sent as max_completion_tokens. Not sent when unset.")
    private Integer maxCompletionTokens;

    @UriParam(label = "request")
    @Metadata(description = "Upper bound of generated tokens, sent as the older max_tokens, for servers (Ollama and"
                            + " others) that ignore max_completion_tokens. Cannot be combined with maxCompletionTokens.")
    private Integer maxTokens;

    @UriParam(label = "request")
    @Metadata(description = "Seed for deterministic sampling, sent as seed. Not sent when unset.")
    private Long seed;

    @UriParam(label = "request")
    @Metadata(description = "Stop sequences: a comma-separated list, or a JSON array for sequences that contain commas"
                            + " (a value that starts with a square bracket). Sent as a JSON array.")
    private String stop;

    @UriParam(label = "request")
    @Metadata(description = "Sent as reasoning_effort (none, minimal, low, medium, high, ...), passed through as given.")
    private String reasoningEffort;

    @UriParam(label = "request", enums = "text,json_object,json_schema")
    @Metadata(description = "The response format: text, json_object or json_schema (which needs jsonSchema).")
    private String responseFormat;

    @UriParam(label = "request")
    @Metadata(description = "The JSON schema for responseFormat=json_schema: a resource URI (classpath:, file:,"
                            + " http:) or inline JSON. Sent as response_format.json_schema = {name, schema, strict:"
                            + " true}; a document that already has name and schema keys is sent as is.")
    private String jsonSchema;

    @UriParam(label = "request")
    @Metadata(description = "Tool definitions: a resource URI (classpath:, file:, http:) or inline JSON holding the"
                            + " JSON array, sent as tools.")
    private String tools;

    @UriParam(label = "request")
    @Metadata(description = "Sent as tool_choice: auto, none, required, or a JSON object naming a function.")
    private String toolChoice;

    @UriParam(label = "request")
    @Metadata(description = "Sent as parallel_tool_calls. Not sent when unset.")
    private Boolean parallelToolCalls;

    @UriParam(label = "request")
    @Metadata(description = "emby:responses only: sent as store (whether the server keeps the response, so that a"
                            + " later request can name it in previous_response_id). Not sent when unset.")
    private Boolean store;

    @UriParam(label = "request")
    @Metadata(description = "A system message prepended to the messages (unless they already start with one).")
    private String systemMessage;

    @UriParam(label = "request", defaultValue = "true")
    @Metadata(description = "Stream the answer over Server-Sent Events. false sends one plain request; the output"
                            + " (body, headers, deltas) follows the same contract.")
    private boolean stream = true;

    @UriParam(label = "request", defaultValue = "true")
    @Metadata(description = "Ask for token usage in the stream (stream_options.include_usage). Only sent with"
                            + " stream=true.")
    private boolean includeUsage = true;

    @UriParam(label = "request", prefix = "additionalBodyProperty.", multiValue = true)
    @Metadata(description = "Extra JSON body fields, one option per field named after the prefix. A value that parses as a"
                            + " JSON number, boolean, object, array or quoted string is sent as that, anything else as a"
                            + " plain string; the value null removes the field, also one an option filled in.")
    private Map<String, Object> additionalBodyProperty;

    @UriParam(label = "request,security", prefix = "additionalHeader.", multiValue = true, secret = true)
    @Metadata(description = "Extra HTTP request headers, one option per header named after the prefix (for example gateway keys).")
    private Map<String, Object> additionalHeader;

    // ---- emit mode ----------------------------------------------------------------------------------------------

    @UriParam(label = "emit")
    @Metadata(description = "Emit mode: every content delta (or buffered group) is sent, in order, as its own InOnly"
                            + " exchange to this endpoint URI while the stream runs.")
    private String deltaUri;

    @UriParam(label = "emit", enums = "text,json", defaultValue = "text")
    @Metadata(description = "The body of a delta exchange: text (the delta text) or json (a JSON String with streamId,"
                            + " index, choice, type and text, for transports such as JMS and Kafka that drop headers whose"
                            + " names start with Camel).")
    private String deltaFormat = "text";

    @UriParam(label = "emit", defaultValue = DEFAULT_DELTA_EXCLUDE_HEADERS)
    @Metadata(description = "Headers of the original exchange that are not copied to delta exchanges: comma-separated"
                            + " Camel removeHeaders patterns (wildcards and regular expressions). Empty copies all.")
    private String deltaExcludeHeaders = DEFAULT_DELTA_EXCLUDE_HEADERS;

    @UriParam(label = "emit", defaultValue = "false")
    @Metadata(description = "After the last delta, send one more exchange with an empty body and CamelEmbyDeltaType=end"
                            + " (or error when the stream failed) carrying the output headers.")
    private boolean emitEnd;

    @UriParam(label = "emit", defaultValue = "0")
    @Metadata(description = "Emit a group once it holds this many deltas. 0 = off.")
    private int bufferSize;

    @UriParam(label = "emit", defaultValue = "0")
    @Metadata(description = "Emit a group once it holds at least this many characters (String.length()). 0 = off.")
    private int bufferMaxChars;

    @UriParam(label = "emit", defaultValue = "0", javaType = "java.time.Duration")
    @Metadata(description = "Emit a non-empty group this many milliseconds after its first delta arrived, even if no"
                            + " further delta comes (a timer). 0 = off.")
    private long bufferTimeout;

    @UriParam(label = "emit", enums = "none,word,sentence,line", defaultValue = "none")
    @Metadata(description = "Where a group that reached bufferSize or bufferMaxChars is cut: none (whole deltas), word"
                            + " (after whitespace), sentence (after sentence-ending punctuation followed by whitespace, or"
                            + " after CJK full stops) or line (after a line feed). The rest opens the next group.")
    private String bufferBoundary = "none";

    @UriParam(label = "emit", defaultValue = "false")
    @Metadata(description = "Also emit reasoning deltas (CamelEmbyDeltaType=reasoning).")
    private boolean emitReasoning;

    // ---- timeouts and retries -----------------------------------------------------------------------------------

    @UriParam(label = "timeout", defaultValue = "10000", javaType = "java.time.Duration")
    @Metadata(description = "Milliseconds to establish the TCP/TLS connection. A connect timeout means the request never"
                            + " reached the server, so it is retried (see maxRetries).")
    private long connectTimeout = 10000;

    @UriParam(label = "timeout", defaultValue = "600000", javaType = "java.time.Duration")
    @Metadata(description = "Longest wait, in milliseconds, from sending the request until the first non-empty content,"
                            + " reasoning, refusal or tool-call delta. Response headers, role-only chunks and comments do"
                            + " not end this phase: reasoning models and queued requests can be silent for minutes."
                            + " Ends the exchange with reason IDLE_TIMEOUT (CONNECT when not even a status line came);"
                            + " never retried, since the server may be processing the request. 0 = no limit.")
    private long firstDeltaTimeout = 600000;

    @UriParam(label = "timeout", defaultValue = "60000", javaType = "java.time.Duration")
    @Metadata(description = "Longest gap, in milliseconds, between data events after the first delta. Comments and"
                            + " keep-alives do not reset it, and time spent in a slow delta route is not counted. Ends the"
                            + " exchange with reason IDLE_TIMEOUT; never retried. 0 = no limit.")
    private long idleTimeout = 60000;

    @UriParam(label = "timeout", defaultValue = "0", javaType = "java.time.Duration")
    @Metadata(description = "Overall deadline for one exchange in milliseconds, wall clock: retries, their waits and time"
                            + " spent in delta routes included. Ends the exchange with reason DEADLINE. 0 = off.")
    private long requestTimeout;

    @UriParam(label = "timeout", defaultValue = "2")
    @Metadata(description = "How many times a request is retried before a stream started: HTTP 408, 409, 429 (not"
                            + " insufficient_quota), 498, 500, 502, 503, 504, 529 and connection failures, with exponential"
                            + " backoff and jitter, honouring Retry-After. Nothing is retried once an HTTP 200 stream has"
                            + " started. 0 = no retries.")
    private int maxRetries = 2;

    @UriParam(label = "timeout", defaultValue = "60000", javaType = "java.time.Duration")
    @Metadata(description = "The longest server-requested wait (Retry-After) that is honoured, in milliseconds; a longer"
                            + " one fails the exchange at once with EmbyApiException.getRetryAfter() set.")
    private long maxRetryDelay = 60000;

    @UriParam(label = "advanced", defaultValue = "16777216")
    @Metadata(description = "Largest accepted size of one server-sent event, or of a JSON answer (stream=false), in bytes;"
                            + " a larger one fails the exchange with reason MALFORMED instead of filling the heap. 0 = no"
                            + " limit (maxAnswerChars still bounds the answer).")
    private int maxEventSize = 16 * 1024 * 1024;

    @UriParam(label = "advanced", defaultValue = "2000000")
    @Metadata(description = "Largest size of the assembled answer, in characters (String.length()) of content,"
                            + " reasoning, refusal and tool-call arguments over all choices; a larger answer (a server"
                            + " that never ends its stream, a model that loops) fails the exchange with reason"
                            + " ANSWER_TOO_LARGE, carrying the text received, instead of filling the heap. Emit mode"
                            + " keeps the whole text too, for the final body. 0 = no limit.")
    private int maxAnswerChars = 2_000_000;

    // ---- tools as routes -----------------------------------------------------------------------------------------

    @UriParam(label = "tools", prefix = "toolEndpoint.", multiValue = true)
    @Metadata(description = "Binds a tool of the tools option to a Camel endpoint, one option per tool named after the"
                            + " prefix: toolEndpoint.lookup_order=direct:lookupOrder. With at least one binding the"
                            + " component runs the tool loop (emby:chat only): when the model calls tools, each bound"
                            + " endpoint is called (body = the arguments as a Map, headers CamelEmbyToolName and"
                            + " CamelEmbyToolCallId), the assistant message and the results are appended, and the next"
                            + " request goes out, until the model answers with text. Wrap a URI with a query in RAW().")
    private Map<String, Object> toolEndpoint;

    @UriParam(label = "tools", defaultValue = "8")
    @Metadata(description = "Most rounds of tool calls one exchange may run (the requests are one more than the rounds): a model that still"
                            + " calls tools after that fails the exchange with reason MAX_TOOL_ROUNDS.")
    private int maxToolRounds = 8;

    @UriParam(label = "tools", defaultValue = "60000", javaType = "java.time.Duration")
    @Metadata(description = "Longest time, in milliseconds, one tool endpoint may take; a tool that takes longer is a"
                            + " failed tool call (see toolErrors). 0 = no limit.")
    private long toolTimeout = 60000;

    @UriParam(label = "tools", defaultValue = "4")
    @Metadata(description = "Most tool calls of one round that run at the same time, each on a worker thread; the rest"
                            + " wait for one to end. Results go back to the model in the order of the calls.")
    private int toolConcurrency = 4;

    @UriParam(label = "tools", defaultValue = "model", enums = "model,fail")
    @Metadata(description = "What a failed tool call does (an unknown tool name, arguments that are not JSON, an"
                            + " endpoint that throws or passes toolTimeout): model sends the error back to the model as"
                            + " the tool's result, so it can recover; fail ends the exchange with reason TOOL_FAILED.")
    private String toolErrors = "model";

    // ---- conversations ------------------------------------------------------------------------------------------

    @UriParam(label = "memory")
    @Metadata(description = "Where conversations (exchanges with the CamelEmbyConversationId header) are kept: a bean"
                            + " implementing ai.emby.camel.memory.ConversationStore, such as a JdbcConversationStore."
                            + " Default: the component's in-memory store (10,000 conversations, forgotten after an hour"
                            + " unused).")
    private ConversationStore conversationStore;

    @UriParam(label = "memory", defaultValue = "0")
    @Metadata(description = "Most stored messages a conversation keeps and sends, the system message not counted; the"
                            + " oldest whole turns go first, so a tool round is never split. 0 = no limit.")
    private int conversationMaxMessages;

    @UriParam(label = "memory", defaultValue = "0")
    @Metadata(description = "Most characters (content and tool-call arguments) of stored messages a conversation keeps"
                            + " and sends; the oldest whole turns go first. 0 = no limit.")
    private int conversationMaxChars;

    // ---- telemetry ----------------------------------------------------------------------------------------------

    @UriParam(label = "telemetry", defaultValue = "true")
    @Metadata(description = "Record each call as an OpenTelemetry GenAI span (when the OpenTelemetry API is on the"
                            + " classpath) and in the GenAI client metrics (when Micrometer is): both optional, and"
                            + " recorded once per call, never per delta. false records nothing.")
    private boolean telemetry = true;

    @UriParam(label = "telemetry")
    @Metadata(description = "The gen_ai.provider.name of spans and metrics. Default: the OpenTelemetry GenAI"
                            + " conventions' name of the base URL's provider where they have one (openai,"
                            + " azure.ai.openai, groq, deepseek, mistral_ai, x_ai, perplexity, gcp.gemini), else emby.")
    private String telemetryProvider;

    @UriParam(label = "telemetry", defaultValue = "false")
    @Metadata(description = "Put the prompt and the answer (gen_ai.input.messages, gen_ai.output.messages) on the"
                            + " span. Off by default: prompts and answers often hold personal data, and spans travel"
                            + " to places that should not keep it.")
    private boolean telemetryCaptureContent;

    // ---- advanced -----------------------------------------------------------------------------------------------

    @UriParam(label = "advanced")
    @Metadata(description = "The executor on which delta exchanges and the final callback run. Default: the"
                            + " component's EmbyWorker pool, shared by its endpoints, which grows while routes block"
                            + " its threads (see workerPoolSize and workerPoolMaxSize). A pool of your own must never"
                            + " reject a task nor run it on the calling thread.")
    private ExecutorService workerPool;

    @UriParam(label = "advanced", defaultValue = "true")
    @Metadata(description = "Whether stopping the CamelContext, or the route that sends to the endpoint, cancels its"
                            + " in-flight streams at once (reason CANCELLED), so a shutdown never waits on a model. When"
                            + " false, they run on through Camel's graceful shutdown: streams still running when its"
                            + " timeout passes are cancelled then (on CamelContext stop, after Camel has released any"
                            + " caller blocked on them).")
    private boolean cancelOnShutdown = true;

    @UriParam(label = "security")
    @Metadata(description = "TLS configuration (trust store, key store, protocols) for the connection to the server.")
    private SSLContextParameters sslContextParameters;

    @UriParam(label = "proxy")
    @Metadata(description = "HTTP proxy host for corporate networks.")
    private String proxyHost;

    @UriParam(label = "proxy")
    @Metadata(description = "HTTP proxy port.")
    private Integer proxyPort;

    @UriParam(label = "proxy,security", secret = true)
    @Metadata(description = "HTTP proxy user name, when the proxy asks for Basic authentication.")
    private String proxyUsername;

    @UriParam(label = "proxy,security", secret = true)
    @Metadata(description = "HTTP proxy password, when the proxy asks for Basic authentication.")
    private String proxyPassword;

    /** A copy whose maps are copies too, so an endpoint never changes the component's defaults. */
    public EmbyConfiguration copy() {
        try {
            EmbyConfiguration copy = (EmbyConfiguration) clone();
            copy.additionalBodyProperty = additionalBodyProperty == null ? null : new LinkedHashMap<>(additionalBodyProperty);
            copy.additionalHeader = additionalHeader == null ? null : new LinkedHashMap<>(additionalHeader);
            copy.toolEndpoint = toolEndpoint == null ? null : new LinkedHashMap<>(toolEndpoint);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    // The key never takes part in toString(): configurations show up in logs and route dumps.
    @Override
    public String toString() {
        return "EmbyConfiguration[baseUrl=" + baseUrl + ", model=" + model + ", stream=" + stream
               + ", deltaUri=" + deltaUri + "]";
    }

    public ConversationStore getConversationStore() {
        return conversationStore;
    }

    public void setConversationStore(ConversationStore conversationStore) {
        this.conversationStore = conversationStore;
    }

    public int getConversationMaxMessages() {
        return conversationMaxMessages;
    }

    public void setConversationMaxMessages(int conversationMaxMessages) {
        this.conversationMaxMessages = conversationMaxMessages;
    }

    public int getConversationMaxChars() {
        return conversationMaxChars;
    }

    public void setConversationMaxChars(int conversationMaxChars) {
        this.conversationMaxChars = conversationMaxChars;
    }

    public Map<String, Object> getToolEndpoint() {
        return toolEndpoint;
    }

    public void setToolEndpoint(Map<String, Object> toolEndpoint) {
        this.toolEndpoint = toolEndpoint;
    }

    public int getMaxToolRounds() {
        return maxToolRounds;
    }

    public void setMaxToolRounds(int maxToolRounds) {
        this.maxToolRounds = maxToolRounds;
    }

    public long getToolTimeout() {
        return toolTimeout;
    }

    public void setToolTimeout(long toolTimeout) {
        this.toolTimeout = toolTimeout;
    }

    public int getToolConcurrency() {
        return toolConcurrency;
    }

    public void setToolConcurrency(int toolConcurrency) {
        this.toolConcurrency = toolConcurrency;
    }

    public String getToolErrors() {
        return toolErrors;
    }

    public void setToolErrors(String toolErrors) {
        this.toolErrors = toolErrors;
    }

    public boolean isTelemetry() {
        return telemetry;
    }

    public void setTelemetry(boolean telemetry) {
        this.telemetry = telemetry;
    }

    public String getTelemetryProvider() {
        return telemetryProvider;
    }

    public void setTelemetryProvider(String telemetryProvider) {
        this.telemetryProvider = telemetryProvider;
    }

    public boolean isTelemetryCaptureContent() {
        return telemetryCaptureContent;
    }

    public void setTelemetryCaptureContent(boolean telemetryCaptureContent) {
        this.telemetryCaptureContent = telemetryCaptureContent;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public Double getTemperature() {
        return temperature;
    }

    public void setTemperature(Double temperature) {
        this.temperature = temperature;
    }

    public Double getTopP() {
        return topP;
    }

    public void setTopP(Double topP) {
        this.topP = topP;
    }

    public Integer getMaxCompletionTokens() {
        return maxCompletionTokens;
    }

    public void setMaxCompletionTokens(Integer maxCompletionTokens) {
        this.maxCompletionTokens = maxCompletionTokens;
    }

    public Integer getMaxTokens() {
        return maxTokens;
    }

    public void setMaxTokens(Integer maxTokens) {
        this.maxTokens = maxTokens;
    }

    public Long getSeed() {
        return seed;
    }

    public void setSeed(Long seed) {
        this.seed = seed;
    }

    public String getStop() {
        return stop;
    }

    public void setStop(String stop) {
        this.stop = stop;
    }

    public String getReasoningEffort() {
        return reasoningEffort;
    }

    public void setReasoningEffort(String reasoningEffort) {
        this.reasoningEffort = reasoningEffort;
    }

    public String getResponseFormat() {
        return responseFormat;
    }

    public void setResponseFormat(String responseFormat) {
        this.responseFormat = responseFormat;
    }

    public String getJsonSchema() {
        return jsonSchema;
    }

    public void setJsonSchema(String jsonSchema) {
        this.jsonSchema = jsonSchema;
    }

    public String getTools() {
        return tools;
    }

    public void setTools(String tools) {
        this.tools = tools;
    }

    public String getToolChoice() {
        return toolChoice;
    }

    public void setToolChoice(String toolChoice) {
        this.toolChoice = toolChoice;
    }

    public Boolean getParallelToolCalls() {
        return parallelToolCalls;
    }

    public void setParallelToolCalls(Boolean parallelToolCalls) {
        this.parallelToolCalls = parallelToolCalls;
    }

    public Boolean getStore() {
        return store;
    }

    public void setStore(Boolean store) {
        this.store = store;
    }

    public String getSystemMessage() {
        return systemMessage;
    }

    public void setSystemMessage(String systemMessage) {
        this.systemMessage = systemMessage;
    }

    public boolean isStream() {
        return stream;
    }

    public void setStream(boolean stream) {
        this.stream = stream;
    }

    public boolean isIncludeUsage() {
        return includeUsage;
    }

    public void setIncludeUsage(boolean includeUsage) {
        this.includeUsage = includeUsage;
    }

    public Map<String, Object> getAdditionalBodyProperty() {
        return additionalBodyProperty;
    }

    public void setAdditionalBodyProperty(Map<String, Object> additionalBodyProperty) {
        this.additionalBodyProperty = additionalBodyProperty;
    }

    public Map<String, Object> getAdditionalHeader() {
        return additionalHeader;
    }

    public void setAdditionalHeader(Map<String, Object> additionalHeader) {
        this.additionalHeader = additionalHeader;
    }

    public String getDeltaUri() {
        return deltaUri;
    }

    public void setDeltaUri(String deltaUri) {
        this.deltaUri = deltaUri;
    }

    public String getDeltaFormat() {
        return deltaFormat;
    }

    public void setDeltaFormat(String deltaFormat) {
        this.deltaFormat = deltaFormat;
    }

    public String getDeltaExcludeHeaders() {
        return deltaExcludeHeaders;
    }

    public void setDeltaExcludeHeaders(String deltaExcludeHeaders) {
        this.deltaExcludeHeaders = deltaExcludeHeaders;
    }

    public boolean isEmitEnd() {
        return emitEnd;
    }

    public void setEmitEnd(boolean emitEnd) {
        this.emitEnd = emitEnd;
    }

    public int getBufferSize() {
        return bufferSize;
    }

    public void setBufferSize(int bufferSize) {
        this.bufferSize = bufferSize;
    }

    public int getBufferMaxChars() {
        return bufferMaxChars;
    }

    public void setBufferMaxChars(int bufferMaxChars) {
        this.bufferMaxChars = bufferMaxChars;
    }

    public long getBufferTimeout() {
        return bufferTimeout;
    }

    public void setBufferTimeout(long bufferTimeout) {
        this.bufferTimeout = bufferTimeout;
    }

    public String getBufferBoundary() {
        return bufferBoundary;
    }

    public void setBufferBoundary(String bufferBoundary) {
        this.bufferBoundary = bufferBoundary;
    }

    public boolean isEmitReasoning() {
        return emitReasoning;
    }

    public void setEmitReasoning(boolean emitReasoning) {
        this.emitReasoning = emitReasoning;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getFirstDeltaTimeout() {
        return firstDeltaTimeout;
    }

    public void setFirstDeltaTimeout(long firstDeltaTimeout) {
        this.firstDeltaTimeout = firstDeltaTimeout;
    }

    public long getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(long idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getMaxRetryDelay() {
        return maxRetryDelay;
    }

    public void setMaxRetryDelay(long maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    public boolean isCancelOnShutdown() {
        return cancelOnShutdown;
    }

    public void setCancelOnShutdown(boolean cancelOnShutdown) {
        this.cancelOnShutdown = cancelOnShutdown;
    }

    public int getMaxAnswerChars() {
        return maxAnswerChars;
    }

    public void setMaxAnswerChars(int maxAnswerChars) {
        this.maxAnswerChars = maxAnswerChars;
    }

    public int getMaxEventSize() {
        return maxEventSize;
    }

    public void setMaxEventSize(int maxEventSize) {
        this.maxEventSize = maxEventSize;
    }

    public ExecutorService getWorkerPool() {
        return workerPool;
    }

    public void setWorkerPool(ExecutorService workerPool) {
        this.workerPool = workerPool;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public String getProxyUsername() {
        return proxyUsername;
    }

    public void setProxyUsername(String proxyUsername) {
        this.proxyUsername = proxyUsername;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }
}
