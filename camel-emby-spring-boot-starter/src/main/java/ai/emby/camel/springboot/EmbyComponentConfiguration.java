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
package ai.emby.camel.springboot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code camel.component.emby.*} properties: one per option of the {@code emby} component (the options that
 * {@code EmbyConfiguration} holds, plus the component's own {@code lazyStartProducer} and {@code autowiredEnabled}).
 * <p>
 * Every property is {@code null} until the application sets it, and only the properties that are set are copied onto
 * the component, so an unset property keeps the component's own default (for {@code apiKey} and {@code baseUrl}: the
 * {@code EMBY_API_KEY} / {@code EMBY_BASE_URL} environment variables). The defaults the IDE shows come from
 * {@code META-INF/additional-spring-configuration-metadata.json}.
 * <p>
 * Not exposed: the component's {@code configuration} option (a whole {@code EmbyConfiguration} bean). Its fields are
 * the properties below; to start from a configuration object of your own, declare an {@code EmbyComponent} bean.
 * Inherited from {@link ComponentConfigurationPropertiesCommon}: {@code enabled} and {@code customizer.enabled}.
 * <p>
 * This class is written by hand but says what the component's catalog ({@code META-INF/ai/emby/camel/emby.json},
 * generated from the component's annotations) says: the javadoc of each field (its description in the IDE metadata) is
 * the option's catalog description, plain text, followed for a duration, a bean reference or a map by one fixed
 * sentence on how Spring Boot takes the value. {@code EmbyComponentConfigurationCatalogTest} fails, listing each
 * difference, when a name, type, default or description here (or in
 * {@code additional-spring-configuration-metadata.json}) is not the catalog's; after changing an option of the
 * component, copy its new text here.
 */
@ConfigurationProperties(prefix = "camel.component.emby")
public class EmbyComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * The API key, sent as a Bearer token in the Authorization header. When not set on the endpoint or the component,
     * the environment variable EMBY_API_KEY is used, then the system property emby.api.key.
     */
    private String apiKey;

    /**
     * The base URL of the OpenAI-compatible API (the part before /chat/completions). When not set, the environment
     * variable EMBY_BASE_URL is used, else https://dev.emby.ai/v1.
     */
    private String baseUrl;

    /**
     * The model id, for example llama-3.3-70b-versatile or gpt-5. Required, here or in the CamelEmbyModel header.
     */
    private String model;

    /**
     * Sampling temperature, sent as temperature. Not sent when unset.
     */
    private Double temperature;

    /**
     * Nucleus sampling, sent as top_p. Not sent when unset.
     */
    private Double topP;

    /**
     * Upper bound of generated tokens, sent as max_completion_tokens. Not sent when unset.
     */
    private Integer maxCompletionTokens;

    /**
     * Upper bound of generated tokens, sent as the older max_tokens, for servers (Ollama and others) that ignore
     * max_completion_tokens. Cannot be combined with maxCompletionTokens.
     */
    private Integer maxTokens;

    /**
     * Seed for deterministic sampling, sent as seed. Not sent when unset.
     */
    private Long seed;

    /**
     * Stop sequences: a comma-separated list, or a JSON array for sequences that contain commas (a value that starts
     * with a square bracket). Sent as a JSON array.
     */
    private String stop;

    /**
     * Sent as reasoning_effort (none, minimal, low, medium, high, ...), passed through as given.
     */
    private String reasoningEffort;

    /**
     * The response format: text, json_object or json_schema (which needs jsonSchema).
     */
    private String responseFormat;

    /**
     * The JSON schema for responseFormat=json_schema: a resource URI (classpath:, file:, http:) or inline JSON. Sent
     * as response_format.json_schema = {name, schema, strict: true}; a document that already has name and schema keys
     * is sent as is.
     */
    private String jsonSchema;

    /**
     * Tool definitions: a resource URI (classpath:, file:, http:) or inline JSON holding the JSON array, sent as
     * tools.
     */
    private String tools;

    /**
     * Sent as tool_choice: auto, none, required, or a JSON object naming a function.
     */
    private String toolChoice;

    /**
     * Sent as parallel_tool_calls. Not sent when unset.
     */
    private Boolean parallelToolCalls;

    /**
     * emby:responses only: sent as store (whether the server keeps the response, so that a later request can name it
     * in previous_response_id). Not sent when unset.
     */
    private Boolean store;

    /**
     * A system message prepended to the messages (unless they already start with one).
     */
    private String systemMessage;

    /**
     * Stream the answer over Server-Sent Events. false sends one plain request; the output (body, headers, deltas)
     * follows the same contract.
     */
    private Boolean stream;

    /**
     * Ask for token usage in the stream (stream_options.include_usage). Only sent with stream=true.
     */
    private Boolean includeUsage;

    /**
     * Extra JSON body fields, one option per field named after the prefix. A value that parses as a JSON number,
     * boolean, object, array or quoted string is sent as that, anything else as a plain string; the value null removes
     * the field, also one an option filled in. One map entry per name:
     * camel.component.emby.additional-body-property.NAME=value (use [brackets] around a name with characters other
     * than letters, digits, '-' and '.'); an endpoint's additionalBodyProperty.NAME entries are merged over these, key
     * by key.
     */
    private Map<String, String> additionalBodyProperty;

    /**
     * Extra HTTP request headers, one option per header named after the prefix (for example gateway keys). One map
     * entry per name: camel.component.emby.additional-header.NAME=value (use [brackets] around a name with characters
     * other than letters, digits, '-' and '.'); an endpoint's additionalHeader.NAME entries are merged over these, key
     * by key.
     */
    private Map<String, String> additionalHeader;

    /**
     * Emit mode: every content delta (or buffered group) is sent, in order, as its own InOnly exchange to this
     * endpoint URI while the stream runs.
     */
    private String deltaUri;

    /**
     * The body of a delta exchange: text (the delta text) or json (a JSON String with streamId, index, choice, type
     * and text, for transports such as JMS and Kafka that drop headers whose names start with Camel).
     */
    private String deltaFormat;

    /**
     * Headers of the original exchange that are not copied to delta exchanges: comma-separated Camel removeHeaders
     * patterns (wildcards and regular expressions). Empty copies all.
     */
    private String deltaExcludeHeaders;

    /**
     * After the last delta, send one more exchange with an empty body and CamelEmbyDeltaType=end (or error when the
     * stream failed) carrying the output headers.
     */
    private Boolean emitEnd;

    /**
     * Emit a group once it holds this many deltas. 0 = off.
     */
    private Integer bufferSize;

    /**
     * Emit a group once it holds at least this many characters (String.length()). 0 = off.
     */
    private Integer bufferMaxChars;

    /**
     * Emit a non-empty group this many milliseconds after its first delta arrived, even if no further delta comes (a
     * timer). 0 = off. A duration such as 30s, 5m or PT1M30S; a plain number is milliseconds.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration bufferTimeout;

    /**
     * Where a group that reached bufferSize or bufferMaxChars is cut: none (whole deltas), word (after whitespace),
     * sentence (after sentence-ending punctuation followed by whitespace, or after CJK full stops) or line (after a
     * line feed). The rest opens the next group.
     */
    private String bufferBoundary;

    /**
     * Also emit reasoning deltas (CamelEmbyDeltaType=reasoning).
     */
    private Boolean emitReasoning;

    /**
     * Milliseconds to establish the TCP/TLS connection. A connect timeout means the request never reached the server,
     * so it is retried (see maxRetries). A duration such as 30s, 5m or PT1M30S; a plain number is milliseconds.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration connectTimeout;

    /**
     * Longest wait, in milliseconds, from sending the request until the first non-empty content, reasoning, refusal or
     * tool-call delta. Response headers, role-only chunks and comments do not end this phase: reasoning models and
     * queued requests can be silent for minutes. Ends the exchange with reason IDLE_TIMEOUT (CONNECT when not even a
     * status line came); never retried, since the server may be processing the request. 0 = no limit. A duration such
     * as 30s, 5m or PT1M30S; a plain number is milliseconds.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration firstDeltaTimeout;

    /**
     * Longest gap, in milliseconds, between data events after the first delta. Comments and keep-alives do not reset
     * it, and time spent in a slow delta route is not counted. Ends the exchange with reason IDLE_TIMEOUT; never
     * retried. 0 = no limit. A duration such as 30s, 5m or PT1M30S; a plain number is milliseconds.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration idleTimeout;

    /**
     * Overall deadline for one exchange in milliseconds, wall clock: retries, their waits and time spent in delta
     * routes included. Ends the exchange with reason DEADLINE. 0 = off. A duration such as 30s, 5m or PT1M30S; a plain
     * number is milliseconds.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration requestTimeout;

    /**
     * How many times a request is retried before a stream started: HTTP 408, 409, 429 (not insufficient_quota), 498,
     * 500, 502, 503, 504, 529 and connection failures, with exponential backoff and jitter, honouring Retry-After.
     * Nothing is retried once an HTTP 200 stream has started. 0 = no retries.
     */
    private Integer maxRetries;

    /**
     * The longest server-requested wait (Retry-After) that is honoured, in milliseconds; a longer one fails the
     * exchange at once with EmbyApiException.getRetryAfter() set. A duration such as 30s, 5m or PT1M30S; a plain
     * number is milliseconds.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration maxRetryDelay;

    /**
     * Largest size of the assembled answer, in characters (String.length()) of content, reasoning, refusal and
     * tool-call arguments over all choices; a larger answer (a server that never ends its stream, a model that
     * loops) fails the exchange with reason ANSWER_TOO_LARGE, carrying the text received, instead of filling the
     * heap. Emit mode keeps the whole text too, for the final body. 0 = no limit.
     */
    private Integer maxAnswerChars;

    /**
     * Largest accepted size of one server-sent event, or of a JSON answer (stream=false), in bytes; a larger one fails
     * the exchange with reason MALFORMED instead of filling the heap. 0 = no limit (maxAnswerChars still bounds the
     * answer).
     */
    private Integer maxEventSize;

    /**
     * The executor on which delta exchanges and the final callback run. Default: the component's EmbyWorker pool,
     * shared by its endpoints, which grows while routes block its threads (see workerPoolSize and workerPoolMaxSize). A
     * pool of your own must never reject a task nor run it on the calling thread. A bean of type java.util.concurrent.ExecutorService,
     * referenced as #bean:name or just by its name.
     */
    private String workerPool;

    /**
     * Where conversations (exchanges with the CamelEmbyConversationId header) are kept: a bean implementing
     * ai.emby.camel.memory.ConversationStore, such as a JdbcConversationStore. Default: the component's in-memory store
     * (10,000 conversations, forgotten after an hour unused). A bean of type ai.emby.camel.memory.ConversationStore,
     * referenced as #bean:name or just by its name.
     */
    private String conversationStore;

    /**
     * Most stored messages a conversation keeps and sends, the system message not counted; the oldest whole turns go
     * first, so a tool round is never split. 0 = no limit.
     */
    private Integer conversationMaxMessages;

    /**
     * Most characters (content and tool-call arguments) of stored messages a conversation keeps and sends; the oldest
     * whole turns go first. 0 = no limit.
     */
    private Integer conversationMaxChars;

    /**
     * Binds a tool of the tools option to a Camel endpoint, one option per tool named after the prefix:
     * toolEndpoint.lookup_order=direct:lookupOrder. With at least one binding the component runs the tool loop
     * (emby:chat only): when the model calls tools, each bound endpoint is called (body = the arguments as a Map,
     * headers CamelEmbyToolName and CamelEmbyToolCallId), the assistant message and the results are appended, and the
     * next request goes out, until the model answers with text. Wrap a URI with a query in RAW(). One map entry per
     * name: camel.component.emby.tool-endpoint.NAME=value (use [brackets] around a name with characters other than
     * letters, digits, '-' and '.'); an endpoint's toolEndpoint.NAME entries are merged over these, key by key.
     */
    private Map<String, String> toolEndpoint;

    /**
     * Most rounds of tool calls one exchange may run (the requests are one more than the rounds): a model that still
     * calls tools after that fails the exchange with reason MAX_TOOL_ROUNDS.
     */
    private Integer maxToolRounds;

    /**
     * Longest time, in milliseconds, one tool endpoint may take; a tool that takes longer is a failed tool call (see
     * toolErrors). 0 = no limit. A duration such as 30s, 5m or PT1M30S; a plain number is milliseconds.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration toolTimeout;

    /**
     * Most tool calls of one round that run at the same time, each on a worker thread; the rest wait for one to end.
     * Results go back to the model in the order of the calls.
     */
    private Integer toolConcurrency;

    /**
     * What a failed tool call does (an unknown tool name, arguments that are not JSON, an endpoint that throws or
     * passes toolTimeout): model sends the error back to the model as the tool's result, so it can recover; fail ends
     * the exchange with reason TOOL_FAILED.
     */
    private String toolErrors;

    /**
     * Record each call as an OpenTelemetry GenAI span (when the OpenTelemetry API is on the classpath) and in the
     * GenAI client metrics (when Micrometer is): both optional, and recorded once per call, never per delta. false
     * records nothing.
     */
    private Boolean telemetry;

    /**
     * The gen_ai.provider.name of spans and metrics. Default: the OpenTelemetry GenAI conventions' name of the base
     * URL's provider where they have one (openai, azure.ai.openai, groq, deepseek, mistral_ai, x_ai, perplexity,
     * gcp.gemini), else emby.
     */
    private String telemetryProvider;

    /**
     * Put the prompt and the answer (gen_ai.input.messages, gen_ai.output.messages) on the span. Off by default:
     * prompts and answers often hold personal data, and spans travel to places that should not keep it.
     */
    private Boolean telemetryCaptureContent;

    /**
     * Whether stopping the CamelContext, or the route that sends to the endpoint, cancels its in-flight streams at once
     * (reason CANCELLED), so a shutdown never waits on a model. When false, they run on through Camel's graceful
     * shutdown: streams still running when its timeout passes are cancelled then (on CamelContext stop, after Camel has
     * released any caller blocked on them).
     */
    private Boolean cancelOnShutdown;

    /**
     * TLS configuration (trust store, key store, protocols) for the connection to the server. A bean of type
     * org.apache.camel.support.jsse.SSLContextParameters, referenced as #bean:name or just by its name.
     */
    private String sslContextParameters;

    /**
     * HTTP proxy host for corporate networks.
     */
    private String proxyHost;

    /**
     * HTTP proxy port.
     */
    private Integer proxyPort;

    /**
     * HTTP proxy user name, when the proxy asks for Basic authentication.
     */
    private String proxyUsername;

    /**
     * HTTP proxy password, when the proxy asks for Basic authentication.
     */
    private String proxyPassword;

    /**
     * Threads the default worker pool keeps (delta exchanges and the steps after the emby: endpoint run on them). 0 =
     * max(4, 2 x the number of CPUs). The pool grows beyond it, one thread per 50 ms, while routes called from it block
     * every thread and tasks wait, and shrinks back after 60 s. Not used by endpoints that set workerPool.
     */
    private Integer workerPoolSize;

    /**
     * The most threads the default worker pool grows to while routes called from it block. Reaching it is logged once
     * at WARN; then further work waits until a thread is free.
     */
    private Integer workerPoolMaxSize;

    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to allow
     * CamelContext and routes to startup in situations where a producer may otherwise fail during starting and cause
     * the route to fail being started. By deferring this startup to be lazy then the startup failure can be handled
     * during routing messages via Camel's routing error handlers. Beware that when the first message is processed then
     * creating and starting the producer may take a little time and prolong the total processing time of the
     * processing.
     */
    private Boolean lazyStartProducer;

    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then gets
     * configured on the component. This can be used for automatic configuring JDBC data sources, JMS connection
     * factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled;

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

    public Boolean getStream() {
        return stream;
    }

    public void setStream(Boolean stream) {
        this.stream = stream;
    }

    public Boolean getIncludeUsage() {
        return includeUsage;
    }

    public void setIncludeUsage(Boolean includeUsage) {
        this.includeUsage = includeUsage;
    }

    public Map<String, String> getAdditionalBodyProperty() {
        return additionalBodyProperty;
    }

    public void setAdditionalBodyProperty(Map<String, String> additionalBodyProperty) {
        this.additionalBodyProperty = additionalBodyProperty;
    }

    public Map<String, String> getAdditionalHeader() {
        return additionalHeader;
    }

    public void setAdditionalHeader(Map<String, String> additionalHeader) {
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

    public Boolean getEmitEnd() {
        return emitEnd;
    }

    public void setEmitEnd(Boolean emitEnd) {
        this.emitEnd = emitEnd;
    }

    public Integer getBufferSize() {
        return bufferSize;
    }

    public void setBufferSize(Integer bufferSize) {
        this.bufferSize = bufferSize;
    }

    public Integer getBufferMaxChars() {
        return bufferMaxChars;
    }

    public void setBufferMaxChars(Integer bufferMaxChars) {
        this.bufferMaxChars = bufferMaxChars;
    }

    public Duration getBufferTimeout() {
        return bufferTimeout;
    }

    public void setBufferTimeout(Duration bufferTimeout) {
        this.bufferTimeout = bufferTimeout;
    }

    public String getBufferBoundary() {
        return bufferBoundary;
    }

    public void setBufferBoundary(String bufferBoundary) {
        this.bufferBoundary = bufferBoundary;
    }

    public Boolean getEmitReasoning() {
        return emitReasoning;
    }

    public void setEmitReasoning(Boolean emitReasoning) {
        this.emitReasoning = emitReasoning;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getFirstDeltaTimeout() {
        return firstDeltaTimeout;
    }

    public void setFirstDeltaTimeout(Duration firstDeltaTimeout) {
        this.firstDeltaTimeout = firstDeltaTimeout;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Integer getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    public Duration getMaxRetryDelay() {
        return maxRetryDelay;
    }

    public void setMaxRetryDelay(Duration maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    public String getConversationStore() {
        return conversationStore;
    }

    public void setConversationStore(String conversationStore) {
        this.conversationStore = conversationStore;
    }

    public Integer getConversationMaxMessages() {
        return conversationMaxMessages;
    }

    public void setConversationMaxMessages(Integer conversationMaxMessages) {
        this.conversationMaxMessages = conversationMaxMessages;
    }

    public Integer getConversationMaxChars() {
        return conversationMaxChars;
    }

    public void setConversationMaxChars(Integer conversationMaxChars) {
        this.conversationMaxChars = conversationMaxChars;
    }

    public Map<String, String> getToolEndpoint() {
        return toolEndpoint;
    }

    public void setToolEndpoint(Map<String, String> toolEndpoint) {
        this.toolEndpoint = toolEndpoint;
    }

    public Integer getMaxToolRounds() {
        return maxToolRounds;
    }

    public void setMaxToolRounds(Integer maxToolRounds) {
        this.maxToolRounds = maxToolRounds;
    }

    public Duration getToolTimeout() {
        return toolTimeout;
    }

    public void setToolTimeout(Duration toolTimeout) {
        this.toolTimeout = toolTimeout;
    }

    public Integer getToolConcurrency() {
        return toolConcurrency;
    }

    public void setToolConcurrency(Integer toolConcurrency) {
        this.toolConcurrency = toolConcurrency;
    }

    public String getToolErrors() {
        return toolErrors;
    }

    public void setToolErrors(String toolErrors) {
        this.toolErrors = toolErrors;
    }

    public Boolean getTelemetry() {
        return telemetry;
    }

    public void setTelemetry(Boolean telemetry) {
        this.telemetry = telemetry;
    }

    public String getTelemetryProvider() {
        return telemetryProvider;
    }

    public void setTelemetryProvider(String telemetryProvider) {
        this.telemetryProvider = telemetryProvider;
    }

    public Boolean getTelemetryCaptureContent() {
        return telemetryCaptureContent;
    }

    public void setTelemetryCaptureContent(Boolean telemetryCaptureContent) {
        this.telemetryCaptureContent = telemetryCaptureContent;
    }

    public Boolean getCancelOnShutdown() {
        return cancelOnShutdown;
    }

    public void setCancelOnShutdown(Boolean cancelOnShutdown) {
        this.cancelOnShutdown = cancelOnShutdown;
    }

    public Integer getMaxAnswerChars() {
        return maxAnswerChars;
    }

    public void setMaxAnswerChars(Integer maxAnswerChars) {
        this.maxAnswerChars = maxAnswerChars;
    }

    public Integer getMaxEventSize() {
        return maxEventSize;
    }

    public void setMaxEventSize(Integer maxEventSize) {
        this.maxEventSize = maxEventSize;
    }

    public String getWorkerPool() {
        return workerPool;
    }

    public void setWorkerPool(String workerPool) {
        this.workerPool = workerPool;
    }

    public String getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(String sslContextParameters) {
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

    public Integer getWorkerPoolSize() {
        return workerPoolSize;
    }

    public void setWorkerPoolSize(Integer workerPoolSize) {
        this.workerPoolSize = workerPoolSize;
    }

    public Integer getWorkerPoolMaxSize() {
        return workerPoolMaxSize;
    }

    public void setWorkerPoolMaxSize(Integer workerPoolMaxSize) {
        this.workerPoolMaxSize = workerPoolMaxSize;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }
}
